"""newsdesk: a self-hosted news intelligence desk."""
