"""Who is calling, and what they may see: principals, tokens, policy, permissions, access log."""
