"""Time: expressions in text and their resolution (:mod:`kg.extract.time.timex`), and the dates
they resolve against (:mod:`kg.extract.time.anchors`)."""
