# t90-real.pl — the hooks against the real clusterctl of the staged module
# (a link to uc.bin), for each command it already has: the rest is reported
# as "# skip". The database is filled with build/<B>/tools/fill when built.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";
use JSON::PP ();
our $moddir;

my $real = "$ENV{'UC_STAGE'}/clusterctl";
if (!-e $real) {
	print "# skip: the stage has no clusterctl\n";
	&done();
	}
unlink("$moddir/clusterctl");
symlink($real, "$moddir/clusterctl") || die "symlink: $!\n";
my $var = $ENV{'UC_TEST_VAR'};
my $db = "$var/modules/unlimited-cluster/cluster.db";

# real(args...): (exit, decoded JSON or undef) from the real clusterctl.
sub real
{
local $ENV{'WEBMIN_CONFIG'} = $ENV{'UC_TEST_CONFIG'};
local $ENV{'WEBMIN_VAR'} = $var;
open(my $saved, ">&", \*STDERR) || die;
open(STDERR, ">", "/dev/null");
open(my $fh, "-|", $real, @_) || die "$real: $!\n";
local $/;
my $out = <$fh>;
close($fh);
open(STDERR, ">&", $saved);
my $json = eval { JSON::PP->new->utf8->decode($out) };
return ($? >> 8, ref($json) eq 'HASH' ? $json : undef);
}

&load_hook("install_check.pl");
&is(&call("is_installed", 0), 1, "the real clusterctl runs: is_installed(0) is 1");

my $fill = "$ENV{'UC_STAGE'}/../../tools/fill";
if (-x $fill) {
	system("$fill '$db' 200 300 >/dev/null 2>&1") == 0 ||
		print "# fill failed\n";
	}
&ok(-e $db || !-x $fill, "the database exists (filled by tools/fill)");

my ($rc, $status) = &real("status", "--json");
if ($rc != 0 || !$status) {
	print "# skip: clusterctl status --json not there yet (exit $rc)\n";
	}
else {
	&is(&call("is_installed", 1), 2, "status works: is_installed(1) is 2");
	&load_hook("system_info.pl");
	my ($b) = &call("list_system_info", { }, { });
	my %row = map { $_->{'desc'} => $_->{'value'} } @{$b->{'table'}};
	&like($row{'Servers'}, qr/>\Q$status->{'servers'}\E</, "system_info shows status's server count ($status->{'servers'})");
	&is($row{'Connections'}, int($status->{'connections'}), "system_info shows status's connection count");
	&is($row{'Server status'}, join(", ", map { int($status->{'by_status'}->{$_})." $_" }
				qw(active warning inactive unknown)), "system_info shows status's counts by status");
	}

my ($lrc, $list) = &real("cluster", "list", "--json");
my @names = $list && ref($list->{'clusters'}) eq 'ARRAY' ?
	map { ref($_) ? $_->{'name'} : $_ } @{$list->{'clusters'}} : ();
if (!@names) {
	print "# skip: clusterctl cluster list --json not there yet, or no clusters (exit $lrc)\n";
	}
else {
	&load_hook("status_monitor.pl");
	my ($src, $show) = &real("cluster", "show", $names[0], "--json");
	if ($src != 0 || !$show) {
		print "# skip: clusterctl cluster show not there yet (exit $src)\n";
		}
	else {
		my $bs = $show->{'by_status'};
		my $up = $bs->{'active'} + $bs->{'warning'};
		my $r = &call("status_monitor_status", "health",
			      { 'uc_cluster' => $names[0], 'uc_min_up' => 0 }, 0);
		&is($r->{'up'}, 1, "cluster health of $names[0] at 0%: up");
		&is($r->{'value'}, $show->{'members'} ? int($up * 100 / $show->{'members'}) : 0,
		    "cluster health value matches cluster show ($up of $show->{'members'})");
		my ($g) = &real("cluster", "show", "no-such-cluster-here", "--json");
		&is($g, 1, "cluster show of a missing cluster exits 1");
		}
	}

&load_hook("backup_config.pl");
my $snap = "$var/modules/unlimited-cluster/backup-config.db";
my @files = &call("backup_config_files");
my $err = &call("pre_backup", \@files);
if (!-e $db) {
	print "# skip: no database to back up (tools/fill not built)\n";
	}
elsif (defined($err) && $err =~ /usage|unknown/i) {
	print "# skip: clusterctl backup not there yet ($err)\n";
	}
else {
	&is($err, undef, "pre_backup with the real clusterctl succeeds");
	&is(substr(&read_file($snap) // "", 0, 16), "SQLite format 3\0", "the snapshot is an SQLite database");
	&is(&call("post_restore", \@files), undef, "post_restore with the real clusterctl succeeds");
	&ok(-e "$db.before-restore", "the previous database is kept as .before-restore");
	&ok(!-e $snap, "the snapshot is removed after the restore");
	}

&done();
