"""Full text for teaser feeds (issue 11): which stories are teasers, fetching article pages
safely, and extracting the article from them. Pure domain code: no Textual, no SQL."""
