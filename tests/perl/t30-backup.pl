# t30-backup.pl — backup_config.pl against Webmin's backup-config contract:
# the files listed, the snapshot taken by "clusterctl backup" before Webmin
# reads the files (with the Webmin environment), removed after, and the
# database replaced by "clusterctl restore" after a restore.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";

my $etc = $ENV{'UC_TEST_CONFIG'};
my $var = $ENV{'UC_TEST_VAR'};
my $config = "$etc/unlimited-cluster/config";
my $db = "$var/modules/unlimited-cluster/cluster.db";
my $snap = "$var/modules/unlimited-cluster/backup-config.db";
&load_hook("backup_config.pl");

my @files = &call("backup_config_files");
&is(join(" ", @files), $config, "no database yet: only the module config");
&ok(!-e $snap, "no database yet: no snapshot placeholder");
&is(&call("pre_backup", \@files), undef, "no database yet: pre_backup does nothing");
&is(scalar(&fake_calls()), 0, "no database yet: clusterctl not called");

&write_file($db, "live database");
@files = &call("backup_config_files");
&is(join(" ", @files), "$config $snap", "with a database: config and snapshot");
&ok(-e $snap && -z $snap, "the snapshot's place is held by an empty file");
&is(sprintf("%o", (stat($snap))[2] & 07777), "600", "the placeholder is mode 0600");

&is(&call("pre_backup", \@files), undef, "pre_backup succeeds");
&is(join("|", &fake_calls()), "backup $snap", "pre_backup ran: clusterctl backup <snapshot>");
&is(&read_file("$ENV{'UC_FAKE_DIR'}/env.log"), "WEBMIN_CONFIG=$etc WEBMIN_VAR=$var\n",
    "clusterctl got WEBMIN_CONFIG and WEBMIN_VAR");
&is(&read_file($snap), "SNAPSHOT\n", "the snapshot holds what clusterctl wrote");
&is(&read_file($db), "live database", "the live database is untouched");

&is(&call("post_backup", \@files), undef, "post_backup returns undef");
&ok(!-e $snap, "post_backup removes the snapshot");

# A failing snapshot stops the backup with clusterctl's message, escaped.
&fake_reset();
&call("backup_config_files");
&fake_answer([ "backup", $snap ], "", 1, "cannot write <snapshot>: disk full\nmore\n");
&is(&call("pre_backup", [ $config, $snap ]),
    "cannot write &lt;snapshot&gt;: disk full", "a failed snapshot returns the error");

# A db_path set in the module config is the database looked at.
&write_file($config, "db_path=$var/elsewhere.db\n");
&load_hook("backup_config.pl");
unlink($snap);
&is(join(" ", &call("backup_config_files")), $config,
    "db_path pointing at a missing file: no snapshot");
&write_file("$var/elsewhere.db", "x");
&is(join(" ", &call("backup_config_files")), "$config $snap",
    "db_path pointing at a database: snapshot listed");

# Restore.
&fake_reset();
&write_file($snap, "stale");
&is(&call("pre_restore", [ $config, $snap ]), undef, "pre_restore returns undef");
&ok(!-e $snap, "pre_restore clears an old snapshot");
&is(&call("post_restore", [ $config ]), undef, "post_restore: archive without a snapshot");
&is(scalar(&fake_calls()), 0, "... so clusterctl is not called");
&write_file($snap, "SNAPSHOT FROM ARCHIVE\n");
&is(&call("post_restore", [ $config, $snap ]), undef, "post_restore succeeds");
&is(join("|", &fake_calls()), "restore $snap", "post_restore ran: clusterctl restore <snapshot>");
&is(&read_file("$ENV{'UC_FAKE_DIR'}/restored"), "SNAPSHOT FROM ARCHIVE\n",
    "clusterctl restore got the extracted snapshot");
&ok(!-e $snap, "post_restore removes the snapshot afterwards");

&fake_reset();
&write_file($snap, "broken");
&fake_answer([ "restore", $snap ], "", 1, "not a database\n");
&is(&call("post_restore", [ $config, $snap ]), "not a database",
    "a failed restore returns clusterctl's message");

&done();
