"""One module per kind of page: each page is a function ``SiteData -> Markdown``."""
