# uninstall.pl — run by Webmin before it deletes the module folder: stops,
# disables and removes the monitoring daemon's unit and the clusterctl links
# postinstall.pl made. The database and the module config are kept.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our (@uc_cli_names, $uc_unit);

# module_uninstall()
sub module_uninstall
{
my $file = &uc_systemd_dir()."/$uc_unit";
if (-e $file && &uc_is_our_unit(&read_file_contents($file))) {
	my $systemctl = &uc_systemctl();
	&uc_command([ $systemctl, "disable", "--now", $uc_unit ])
		if ($systemctl);
	unlink($file);
	&uc_command([ $systemctl, "daemon-reload" ]) if ($systemctl);
	}
my $bin = &uc_bin_dir();
foreach my $name (@uc_cli_names) {
	unlink("$bin/$name") if (&uc_is_our_link("$bin/$name", $name));
	}
return undef;
}

1;
