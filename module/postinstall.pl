# postinstall.pl — run by Webmin after the module is installed and after
# every Webmin upgrade: links clusterctl (and its aliases) into /usr/local/sbin
# when the name is free, and installs the monitoring daemon's systemd unit
# when the daemon is in the module folder and systemd runs the machine.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our ($module_root_directory, $config_directory, $var_directory,
     @uc_cli_names, $uc_unit);

# module_install()
# Safe to run again: it only changes what is missing or stale.
sub module_install
{
&uc_link_commands();
&uc_install_unit();
return undef;
}

# uc_link_commands()
# bin dir/<name> -> <module dir>/<name>. Never replaces a file or link that
# is not ours (another "clusterctl" exists: Kubernetes' Cluster API).
sub uc_link_commands
{
my $bin = &uc_bin_dir();
return if (!-d $bin);
foreach my $name (@uc_cli_names) {
	my $target = "$module_root_directory/$name";
	my $link = "$bin/$name";
	next if (!-e $target);
	next if (readlink($link) eq $target);
	next if ((-e $link || -l $link) && !&uc_is_our_link($link, $name));
	unlink($link);
	symlink($target, $link);
	}
}

# uc_install_unit()
# Writes the unit from the template; a new unit is enabled and started, a
# changed one reloaded and restarted only if it was running. A unit file
# without our marker line is the admin's: left alone.
sub uc_install_unit
{
my $daemon = "$module_root_directory/unlimited-clusterd";
my $systemctl = &uc_systemctl();
return if (!-x $daemon || !$systemctl);
my $unit = &uc_render_unit() || return;
my $file = &uc_systemd_dir()."/$uc_unit";
my $old = -e $file ? &read_file_contents($file) : undef;
return if (defined($old) && ($old eq $unit || !&uc_is_our_unit($old)));
my $tmp = "$file.new";
open(my $fh, ">", $tmp) || return;
print $fh $unit;
close($fh) || return;
chmod(0644, $tmp);
rename($tmp, $file) || return;
&uc_command([ $systemctl, "daemon-reload" ]);
&uc_command([ $systemctl, defined($old) ? ("try-restart", $uc_unit)
					 : ("enable", "--now", $uc_unit) ]);
}

# uc_render_unit()
# The template with the paths filled in, or undef when a path has
# characters a unit file cannot hold quoted (" \ or control characters).
sub uc_render_unit
{
my $t = &read_file_contents("$module_root_directory/$uc_unit");
return undef if (!$t);
my %paths = ( 'MODULE_DIR' => $module_root_directory,
	      'WEBMIN_CONFIG' => $config_directory,
	      'WEBMIN_VAR' => $var_directory );
foreach my $k (keys %paths) {
	my $v = $paths{$k};
	return undef if ($v !~ m{^/} || $v =~ /["\\\x00-\x1f\x7f]/);
	$v =~ s/%/%%/g;		# systemd specifiers
	$t =~ s/\@$k\@/$v/g;
	}
return $t;
}

1;
