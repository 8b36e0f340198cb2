from xinfang.accounts.abilities import STAFF, Ability

ABILITIES = (Ability("congresses.record", STAFF, "登记、修改和导入职代会台账"),)
