"""Tests of the Whoosh backend's own machinery (block evaluation, its BM25F arithmetic): whatever engine the
rest of the suite runs on, these run on Whoosh."""
