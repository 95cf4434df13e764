"""The read side: what the CLI, the web pages and the API show, as one layer of read
models over the store. Each module answers one question a reader asks (a story, an
article, related articles, an answer, the front page, an entity, a search, the outlets)."""
