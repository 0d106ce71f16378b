# backup_config.pl — lets Webmin's Backup Configuration module save and
# restore this module: its config file and a consistent snapshot of the
# database, taken by `clusterctl backup` just before Webmin reads the files
# and put back by `clusterctl restore` after Webmin extracts them.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our ($config_directory, $var_directory, $uc_module);

our $uc_backup_timeout = 3600;	# seconds for a snapshot or a restore

# uc_snapshot_file()
# Where the snapshot is written for the archive (never the live database).
sub uc_snapshot_file
{
return "$var_directory/modules/$uc_module/backup-config.db";
}

# backup_config_files()
# The module config and, when there is a database, the snapshot file. Webmin
# drops files that do not exist before it calls pre_backup, so an empty file
# (mode 0600) holds the snapshot's place until then.
sub backup_config_files
{
my @rv = ( "$config_directory/$uc_module/config" );
return @rv if (!-e &uc_db_path());
my $snap = &uc_snapshot_file();
if (!-e $snap) {
	&make_dir("$var_directory/modules/$uc_module", 0700, 1);
	my $old = umask(077);
	my $fh;
	open($fh, ">>", $snap) && close($fh);
	umask($old);
	}
return ( @rv, $snap );
}

# pre_backup(&files)
# Writes the snapshot. Returns undef, or an error message (Webmin then stops).
sub pre_backup
{
my ($files) = @_;
my $snap = &uc_snapshot_file();
return undef if (!grep { $_ eq $snap } @$files);
unlink($snap);
my ($exit, undef, $err) = &uc_run([ "backup", $snap ], $uc_backup_timeout);
return $exit == 0 ? undef : &html_escape(&uc_message($err, $exit));
}

# post_backup(&files)
# The archive has the snapshot now: do not leave a copy of the data behind.
sub post_backup
{
unlink(&uc_snapshot_file());
return undef;
}

# pre_restore(&files)
# Clears an old snapshot, so that post_restore only applies one that came
# out of this archive.
sub pre_restore
{
unlink(&uc_snapshot_file());
return undef;
}

# post_restore(&files)
# Replaces the database with the restored snapshot (clusterctl checks it and
# keeps the previous database as <db>.before-restore). Returns undef or an
# error message.
sub post_restore
{
my ($files) = @_;
my $snap = &uc_snapshot_file();
return undef if (!grep { $_ eq $snap } @$files);
return undef if (!-s $snap);
my ($exit, undef, $err) = &uc_run([ "restore", $snap ], $uc_backup_timeout);
unlink($snap);
return $exit == 0 ? undef : &html_escape(&uc_message($err, $exit));
}

1;
