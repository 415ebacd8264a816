"""Raw captured page → parsed page → database.

`parser.parse_page` is pure (text in, `ParsedPage` out); `loader` writes a parsed page and the editorial
facts from `fixtures/` into the database, one transaction per page.
"""
