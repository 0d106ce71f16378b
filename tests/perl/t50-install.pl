# t50-install.pl — postinstall.pl and uninstall.pl with every system path
# pointed into the test folder: clusterctl links (never over someone else's
# file), the daemon's unit only when the daemon and systemd are there, the
# systemctl calls, and an uninstall that removes both but keeps the data.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";
our $moddir;

my $bin = $ENV{'UC_BIN_DIR'};
my $sysd = $ENV{'UC_SYSTEMD_DIR'};
my $unit = "$sysd/unlimited-clusterd.service";
my $sctl_log = "$ENV{'UC_FAKE_DIR'}/systemctl.log";
my $db = "$ENV{'UC_TEST_VAR'}/modules/unlimited-cluster/cluster.db";
my $config = "$ENV{'UC_TEST_CONFIG'}/unlimited-cluster/config";
my $root = $ENV{'UC_TEST_VAR'} =~ s{/[^/]+$}{}r;
die "UC_BIN_DIR, UC_SYSTEMD_DIR and UC_SYSTEMCTL must point into the test folder\n"
	if (grep { index($_, "$root/") != 0 } $bin, $sysd, $ENV{'UC_SYSTEMCTL'});

sub systemctl_calls
{
my $t = &read_file($sctl_log) // "";
unlink($sctl_log);
return join("|", split(/\n/, $t));
}

symlink("clusterctl", "$moddir/cluster-backup");	# an alias, as staged
&write_file("$bin/cluster-export", "someone else's program\n", 0755);
&load_hook("postinstall.pl");

# No daemon binary yet.
&is(&call("module_install"), undef, "module_install returns undef");
&is(readlink("$bin/clusterctl"), "$moddir/clusterctl", "clusterctl linked into the bin dir");
&is(readlink("$bin/cluster-backup"), "$moddir/cluster-backup", "an alias that exists is linked too");
&ok(!-e "$bin/cluster-import" && !-l "$bin/cluster-import", "an alias the module lacks is not linked");
&is(&read_file("$bin/cluster-export"), "someone else's program\n", "another program's file is left alone");
&ok(!-e $unit, "no daemon binary: no unit");
&is(&systemctl_calls(), "", "no daemon binary: systemctl not called");

# A link to an older module folder is ours: refreshed.
unlink("$bin/clusterctl");
symlink("/old/webmin/unlimited-cluster/clusterctl", "$bin/clusterctl");
symlink("/opt/kubernetes/clusterctl", "$bin/cluster-restore");
symlink("clusterctl", "$moddir/cluster-restore");
&call("module_install");
&is(readlink("$bin/clusterctl"), "$moddir/clusterctl", "a link into an old module folder is refreshed");
&is(readlink("$bin/cluster-restore"), "/opt/kubernetes/clusterctl", "someone else's link is left alone");

# The daemon appears: the unit is installed, enabled and started.
&write_file("$moddir/unlimited-clusterd", "#!/bin/sh\n", 0755);
&call("module_install");
my $u = &read_file($unit);
&ok(defined($u), "daemon present: unit written");
&like($u, qr/^# Installed by the Webmin module unlimited-cluster$/m, "the unit has our marker line");
&like($u, qr{^ExecStart="\Q$moddir\E/unlimited-clusterd"$}m, "ExecStart is the module's daemon");
&like($u, qr{^Environment="WEBMIN_CONFIG=\Q$ENV{'UC_TEST_CONFIG'}\E"$}m, "WEBMIN_CONFIG filled in");
&like($u, qr{^Environment="WEBMIN_VAR=\Q$ENV{'UC_TEST_VAR'}\E"$}m, "WEBMIN_VAR filled in");
&unlike($u, qr/\@[A-Z_]+\@/, "no placeholder left");
&is(sprintf("%o", (stat($unit))[2] & 07777), "644", "the unit is mode 0644");
my ($analyze) = grep { -x } map { "$_/systemd-analyze" } split(/:/, $ENV{'PATH'});
if ($analyze) {
	my $out = `'$analyze' verify '$unit' 2>&1`;
	&ok($? == 0, "systemd-analyze verify accepts the unit") ||
		print map { "#   $_\n" } split(/\n/, $out);
	}
else {
	print "# skip: no systemd-analyze to verify the unit\n";
	}
&is(&systemctl_calls(), "daemon-reload|enable --now unlimited-clusterd.service",
    "new unit: daemon-reload, then enable --now");

&call("module_install");
&is(&systemctl_calls(), "", "run again, nothing changed: systemctl not called");

&write_file("$moddir/unlimited-clusterd.service",
	    &read_file("$moddir/unlimited-clusterd.service")."# v2\n");
&call("module_install");
&like(&read_file($unit), qr/# v2$/, "a changed template rewrites the unit");
&is(&systemctl_calls(), "daemon-reload|try-restart unlimited-clusterd.service",
    "changed unit: daemon-reload, then try-restart (not started if stopped)");

# An admin's own unit of that name is never overwritten.
&write_file($unit, "[Service]\nExecStart=/usr/local/bin/mine\n");
&call("module_install");
&is(&read_file($unit), "[Service]\nExecStart=/usr/local/bin/mine\n", "a unit without our marker is left alone");
&is(&systemctl_calls(), "", "... and systemctl not called");
unlink($unit);

# No systemd: no unit.
{
local $ENV{'UC_SYSTEMCTL'} = "";
&call("module_install");
&ok(!-e $unit, "without systemd no unit is written");
}
&call("module_install");
&ok(-e $unit, "with systemd again the unit is written");
&systemctl_calls();

# A path a unit file cannot hold: no unit.
unlink($unit);
{
no warnings 'once';
local $unlimited_cluster::var_directory = "/var/we\"bmin";
&call("module_install");
&ok(!-e $unit, "a path with a double quote: no unit written");
}
&is(&systemctl_calls(), "", "... and systemctl not called");
&call("module_install");
&systemctl_calls();

# Uninstall keeps the data.
&write_file($db, "the data");
&load_hook("uninstall.pl");
&is(&call("module_uninstall"), undef, "module_uninstall returns undef");
&is(&systemctl_calls(), "disable --now unlimited-clusterd.service|daemon-reload",
    "uninstall: disable --now, then daemon-reload");
&ok(!-e $unit, "uninstall removes the unit");
&ok(!-l "$bin/clusterctl" && !-l "$bin/cluster-backup", "uninstall removes our links");
&is(readlink("$bin/cluster-restore"), "/opt/kubernetes/clusterctl", "uninstall keeps someone else's link");
&ok(-e "$bin/cluster-export", "uninstall keeps someone else's file");
&is(&read_file($db), "the data", "uninstall keeps the database");
&ok(-e $config, "uninstall keeps the module config");

&write_file($unit, "[Service]\nExecStart=/usr/local/bin/mine\n");
&call("module_uninstall");
&ok(-e $unit, "uninstall leaves a unit that is not ours");
&is(&systemctl_calls(), "", "... and does not call systemctl for it");

&done();
