# Pure Python engines: no import from odoo here (checked by tests/test_static.py).
from . import demo_plan
from . import quality
