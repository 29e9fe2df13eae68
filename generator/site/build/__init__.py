"""From ``SiteData`` to a published site: the source tree, MkDocs, the checks, publishing, ``serve``."""
