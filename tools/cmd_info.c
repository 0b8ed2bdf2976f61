int cmd_info(void);
