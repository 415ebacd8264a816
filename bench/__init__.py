"""The benchmark suite: generated pages through the real pipeline, the app beside FTS5 and tantivy, wrk."""
