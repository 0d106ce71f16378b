# install_check.pl — tells Webmin whether the module can work here: its
# binaries must run on this machine (they are compiled for one architecture
# and C library); "configured" means the database exists and opens.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';

# is_installed(mode)
# mode 0: 1 when clusterctl runs, else 0. mode 1: 2 when, besides, the
# database exists and clusterctl opens it, 1 when it only runs, 0 when not.
sub is_installed
{
my ($mode) = @_;
# Without arguments clusterctl prints its usage: exit 0-2 proves it ran.
my ($exit) = &uc_run([ ], 10);
return 0 if ($exit < 0 || $exit > 2);
return 1 if (!$mode || !-e &uc_db_path());
my ($status) = &uc_run_json([ "status", "--json" ], 30);
return $status ? 2 : 1;
}

1;
