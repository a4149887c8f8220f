"""Entity mentions: candidates from several sources, then one mention per stretch of text.

The parts, in the order :class:`kg.extract.extractor.Extractor` runs them (the posts part's title
patterns run among them, :mod:`kg.extract.posts`): gazetteer names and country groups
(:mod:`~kg.extract.entities.gazetteer`), lists of criminal groups (:mod:`~kg.extract.entities.lists`),
news datelines (:mod:`~kg.extract.entities.datelines`), suspects named with a quoted initial
(:mod:`~kg.extract.entities.nicknames`), capitalised runs typed by headwords (facilities are
places), given names and media cues (:mod:`~kg.extract.entities.chunks`,
:mod:`~kg.extract.entities.headwords`), the statistical NER (:mod:`~kg.extract.entities.ner`),
nicknames and names of functions (:mod:`~kg.extract.entities.nicknames`), surnames and handles
(:mod:`~kg.extract.entities.aliases`), and settling by trust (:mod:`~kg.extract.entities.settle`).
"""
