"""End-to-end tests against the telegram-test-api Bot API emulator."""
