"""What pages are made of: HTML helpers, tables, widgets, charts, placement, ``SiteData``."""
