"""The build: article files -> the store, its exports, ``facts.json`` and the page.

One module per step, in the order the data flows (:mod:`kg.build.run` runs them):
:mod:`~kg.build.extraction` (read and extract, cached) -> :mod:`~kg.build.resolution` (names
pass, per-article resolution, corpus-wide tables) -> :mod:`~kg.build.digests` (what changed) ->
:mod:`~kg.build.writing` with :mod:`~kg.build.shards` (named graphs into the store, one
transaction per shard) -> :mod:`~kg.build.outputs` (exports, facts.json, graph.html).
:mod:`~kg.build.executors` and :mod:`~kg.build.dask` say where the tasks run.
"""
