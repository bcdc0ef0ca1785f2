from . import o2c_block_wizard
