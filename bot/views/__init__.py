"""Every text and keyboard the bot sends, one module per command family (the same names as ``bot.handlers``)."""
