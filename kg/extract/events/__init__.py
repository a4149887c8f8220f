"""Events: trigger matches -> event mentions with scope, participants, time, status and mode.

:class:`kg.extract.events.builder.Events` is the part the extractor runs; each step of an event
is a module of its own with a typed input and output (see :mod:`kg.extract.events.builder`).
"""
