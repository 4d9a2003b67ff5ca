"""Key accounts: a written policy that tiers a client base and explains every tier (pure logic)."""
