"""The public website, in four rooms, each importing only from the rooms below it:

- ``parts``: what every page is made of — HTML helpers, the session table, widgets, charts,
  where each session is placed, and ``SiteData``, the model a page reads;
- ``pages``: one module per kind of page, each a function ``SiteData -> Markdown``;
- ``files``: the site's other files — the RSS feed and the open data (the .ics feeds are ``ics/``);
- ``build``: the source tree, MkDocs, the checks of the result, publishing, and ``serve``.
"""
