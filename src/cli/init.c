#include <stdio.h>
#include "cli.h"
int cli_init(int argc, char **argv) { (void)argc; (void)argv; return cli_usage_error("init", "not implemented yet"); }
int cli_schema(int argc, char **argv) { (void)argc; (void)argv; return cli_usage_error("schema", "not implemented yet"); }
