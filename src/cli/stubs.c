#include <stdio.h>
#include <stdbool.h>
#include "cli.h"
int cli_build(int argc, char **argv) { (void)argc; (void)argv; return cli_usage_error("build", "not yet"); }
int cli_init(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cli_schema(int argc, char **argv) { (void)argc; (void)argv; return 2; }
