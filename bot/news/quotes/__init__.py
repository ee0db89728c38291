"""Direct and indirect speech in Russian news, attributed to named persons.

Only general conventions of Russian journalism are encoded, as a table of rules (:mod:`.rules`) in precedence
order; speech predicates are matched by lemma. Modules: :mod:`.text` (layout of an article), :mod:`.vocabulary`
(speech words), :mod:`.speakers`, :mod:`.titles` and :mod:`.antecedents` (who is speaking), :mod:`.direct`, :mod:`.unmarked` and :mod:`.indirect`
(the rules), :mod:`.context` (what the rules share), :mod:`.extract` (the entry point).
"""

from bot.news.quotes.extract import extract_quotes
from bot.news.quotes.model import Quote

__all__ = ["Quote", "extract_quotes"]
