# unlimited-cluster-lib.pl — the Perl the module's Webmin hook files share:
# find and run clusterctl (no shell, bounded time and output), read its JSON,
# resolve the database path, check names. The C programs do the real work;
# Webmin's config_save.cgi also loads this file (foreign_require).
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
BEGIN { push(@INC, ".."); };
use WebminCore;
use JSON::PP ();
use POSIX ();
use IO::Select ();

our (%text, %config, %access, $module_root_directory, $config_directory,
     $var_directory);
&init_config();
%access = &get_module_acl();

our $uc_module = 'unlimited-cluster';
our $uc_max_output = 64 * 1024 * 1024;	# bytes read from clusterctl at most

# uc_clusterctl()
# Path of the module's clusterctl, or undef when it is not there.
sub uc_clusterctl
{
my $p = "$module_root_directory/clusterctl";
return -x $p ? $p : undef;
}

# uc_db_path()
# The database file, as every program of the module resolves it: module
# config db_path when set, else $WEBMIN_VAR/modules/unlimited-cluster/cluster.db.
sub uc_db_path
{
return $config{'db_path'} if (length($config{'db_path'}));
return "$var_directory/modules/$uc_module/cluster.db";
}

# uc_run(&args, [timeout-seconds])
# Runs clusterctl with these arguments, as uc_command does, in the
# environment it resolves the database from. Returns (exit, stdout, stderr).
sub uc_run
{
my ($args, $timeout) = @_;
my $prog = &uc_clusterctl();
return (-1, "", "$module_root_directory/clusterctl is missing")
	if (!$prog);
return &uc_command([ $prog, @$args ], $timeout,
		   { 'WEBMIN_CONFIG' => $config_directory,
		     'WEBMIN_VAR' => $var_directory });
}

# uc_command(&argv, [timeout-seconds], [&env])
# Runs a program without a shell, in a process group of its own: stdin
# /dev/null, stdout read back (at most $uc_max_output bytes kept), stderr
# through a temporary file, &env added to its environment. After the timeout
# (default 60 s) the group is killed; the program also gets a SIGALRM then,
# in case this process is gone. Returns (exit, stdout, stderr); exit is -1
# when it could not run or was stopped (stderr then says why).
sub uc_command
{
my ($argv, $timeout, $env) = @_;
$timeout ||= 60;
my $prog = $argv->[0];
my $errfile = &transname();
my $pid = open(my $out, "-|");
return (-1, "", "fork: $!") if (!defined($pid));
if (!$pid) {
	setpgrp(0, 0);
	@ENV{keys %$env} = values %$env if ($env);
	open(STDIN, "<", "/dev/null");
	open(STDERR, ">", $errfile);
	$SIG{'ALRM'} = 'DEFAULT';
	alarm($timeout);
	{ no warnings 'exec'; exec { $prog } @$argv; }
	print STDERR "cannot run $prog: $!\n";
	POSIX::_exit(127);
	}
my ($stdout, $late) = ("", 0);
my $deadline = time() + $timeout;
my $sel = IO::Select->new($out);
while (1) {
	my $left = $deadline - time();
	if ($left <= 0 || !$sel->can_read($left)) {
		$late = 1;
		last;
		}
	my $n = sysread($out, my $chunk, 65536);
	last if (!$n);
	$stdout .= $chunk if (length($stdout) < $uc_max_output);
	}
kill('KILL', -$pid) if ($late);
close($out);
my $status = $?;
my $stderr = &read_file_contents($errfile);
unlink($errfile);
my $exit = ($status & 127) ? -1 : $status >> 8;
$exit = -1 if ($exit == 127 || $late);
$stderr = "$prog was stopped after $timeout s" if ($late);
$stderr = "$prog was stopped by signal ".($status & 127)
	if (($status & 127) && !$late && !$stderr);
return ($exit, $stdout, $stderr);
}

# uc_run_json(&args, [timeout])
# Runs clusterctl and decodes its JSON output. Returns (hashref, undef) or
# (undef, message) when it failed or printed something that is not JSON.
sub uc_run_json
{
my ($args, $timeout) = @_;
my ($exit, $out, $err) = &uc_run($args, $timeout);
return (undef, &uc_message($err, $exit)) if ($exit != 0);
my $data = eval { JSON::PP->new->utf8->decode($out) };
return (undef, "clusterctl: not JSON output") if (ref($data) ne 'HASH');
return ($data, undef);
}

# uc_message(stderr, exit)
# The first line of clusterctl's error output, short enough for a page.
sub uc_message
{
my ($err, $exit) = @_;
my ($line) = grep { /\S/ } split(/\r?\n/, $err || "");
$line = "clusterctl failed (exit $exit)" if (!defined($line));
$line =~ s/[\x00-\x1f\x7f]//g;
return length($line) > 300 ? substr($line, 0, 300)."…" : $line;
}

# uc_valid_name(name)
# True for a cluster or server name: 1-64 letters, digits, ".", "_" or "-",
# starting with a letter or digit (the same rule as the C code).
sub uc_valid_name
{
my ($n) = @_;
return defined($n) && $n =~ /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z/;
}

# uc_cluster_names()
# The names of the existing clusters, from clusterctl; () when it cannot say.
sub uc_cluster_names
{
my ($data) = &uc_run_json([ "cluster", "list", "--json" ], 30);
return () if (!$data || ref($data->{'clusters'}) ne 'ARRAY');
my @names = map { ref($_) eq 'HASH' ? $_->{'name'} : $_ }
		@{$data->{'clusters'}};
return sort grep { &uc_valid_name($_) } @names;
}

# uc_scope()
# The clusters the current Webmin user may see, read as the C code reads the
# module ACL `clusters`: undef for all of them ("*", the default), else a
# list ref of names (split at spaces, tabs and commas; bad names dropped).
sub uc_scope
{
my $c = defined($access{'clusters'}) ? $access{'clusters'} : '*';
return undef if ($c eq '*');
return [ grep { &uc_valid_name($_) } split(/[ \t,]+/, $c) ];
}

# The command-line names linked into the admin's PATH, the daemon's unit.
our @uc_cli_names = ('clusterctl', 'cluster-export', 'cluster-import',
		     'cluster-backup', 'cluster-restore', 'cluster-diagnose');
our $uc_unit = 'unlimited-clusterd.service';
our $uc_unit_marker = "# Installed by the Webmin module $uc_module";

# uc_bin_dir(), uc_systemd_dir()
# Where postinstall.pl links clusterctl and puts the daemon's unit; tests
# point them elsewhere with UC_BIN_DIR and UC_SYSTEMD_DIR.
sub uc_bin_dir
{
return $ENV{'UC_BIN_DIR'} || "/usr/local/sbin";
}

sub uc_systemd_dir
{
return $ENV{'UC_SYSTEMD_DIR'} || "/etc/systemd/system";
}

# uc_systemctl()
# systemctl's path when systemd runs this machine, else undef. When set,
# UC_SYSTEMCTL (tests) decides instead: a program to use, or "" for none.
sub uc_systemctl
{
return $ENV{'UC_SYSTEMCTL'} || undef if (exists($ENV{'UC_SYSTEMCTL'}));
return -d "/run/systemd/system" ? &has_command("systemctl") : undef;
}

# uc_is_our_link(path, name)
# True when path is a symbolic link to clusterctl (or an alias) in a folder
# of this module: one this module made, maybe from an older module folder.
sub uc_is_our_link
{
my ($path, $name) = @_;
my $to = readlink($path);
return defined($to) && ($to eq "$module_root_directory/$name" ||
			$to =~ m{/\Q$uc_module\E/\Q$name\E\z});
}

# uc_is_our_unit(text)
# True when a unit file's text has the marker line our template starts with.
sub uc_is_our_unit
{
my ($t) = @_;
return $t =~ /^\Q$uc_unit_marker\E$/m;
}

1;
