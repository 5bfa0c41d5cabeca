"""The krachtenoverzicht as it was assembled before issue #17 (every row loaded and assembled in
Python), kept verbatim so tests/export/test_same_output.py can prove the aggregated assembly
says exactly the same. What #17 left unchanged (app.export.shown, app.export.asks) is imported
from the app, not copied. Remove once the new assembly has run in production for a while."""
