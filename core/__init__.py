"""What several apps share: Vietnamese text, the client address, word diffs, the caches and the page cache, health
checks and error pages. It imports no app (make lint checks it)."""
