"""Who said what, in one home: the rules (`rules`), attributions stored in the database and re-attribution
when an editor changes someone (`store`), and the figures in what was said (`figures`).

`archive.ingest` calls this package; nothing here calls back into `archive.ingest`.
"""
