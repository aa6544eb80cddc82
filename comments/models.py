"""What readers write and its moderation (built in the comments issue)."""
