from . import o2c_block_wizard
from . import o2c_report_export
from . import o2c_quality_override
from . import sale_advance_payment_inv
from . import account_move_reversal
