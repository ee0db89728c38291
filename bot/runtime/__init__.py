"""How the bot meets Telegram: long polling, the offline console, and the local Bot API session behind it."""
