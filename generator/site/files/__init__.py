"""The site's files besides its pages: the RSS feed and the open data."""
