from . import o2c_block_wizard
from . import o2c_report_export
