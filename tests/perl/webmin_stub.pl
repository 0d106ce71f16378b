# webmin_stub.pl — the part of Webmin's API the module's hook files use,
# small and predictable, so the hooks can be tested without Webmin. Loaded
# as package WebminCore by stub/WebminCore.pm. The test sets it up with:
#   UC_TEST_MODDIR  the module folder (module.info, lang/, defaultacl, *.pl)
#   UC_TEST_CONFIG  Webmin's config folder (module config, <user>.acl)
#   UC_TEST_VAR     Webmin's var folder
#   UC_TEST_LANG    en (default) or es
#   UC_TEST_USER    the Webmin user (default admin)
#   UC_TEST_AVAILABLE  0 to say the user may not use the module
# error() dies with "ERROR: <message>", like Webmin with error_must_die.
# SPDX-License-Identifier: BSD-3-Clause

package WebminCore;
use strict;
use warnings;
no warnings 'uninitialized';
use File::Temp ();

our $module = 'unlimited-cluster';

sub stub_read_kv
{
my ($file, $h) = @_;
open(my $fh, "<", $file) || return 0;
while (my $l = <$fh>) {
	$l =~ s/\r?\n$//;
	next if ($l =~ /^#/ || $l !~ /^([^=]*)=(.*)$/);
	$h->{$1} = $2;
	}
close($fh);
return 1;
}

sub stub_lang
{
return $ENV{'UC_TEST_LANG'} || 'en';
}

# Like Webmin's: sets the module's globals in the caller's package.
sub init_config
{
my ($pkg) = caller;
my $mdir = $ENV{'UC_TEST_MODDIR'} || die "UC_TEST_MODDIR is not set\n";
my $cdir = $ENV{'UC_TEST_CONFIG'} || die "UC_TEST_CONFIG is not set\n";
my $vdir = $ENV{'UC_TEST_VAR'} || die "UC_TEST_VAR is not set\n";
my (%config, %text);
&stub_read_kv("$cdir/$module/config", \%config);
%text = ( 'yes' => 'Yes', 'no' => 'No' );
&stub_read_kv("$mdir/lang/en", \%text);
&stub_read_kv("$mdir/lang/".&stub_lang(), \%text) if (&stub_lang() ne 'en');
no strict 'refs';
%{"${pkg}::config"} = %config;
%{"${pkg}::text"} = %text;
%{"${pkg}::gconfig"} = ( 'os_type' => 'debian-linux' );
${"${pkg}::module_name"} = $module;
${"${pkg}::module_root_directory"} = $mdir;
${"${pkg}::module_config_directory"} = "$cdir/$module";
${"${pkg}::module_var_directory"} = "$vdir/modules/$module";
${"${pkg}::config_directory"} = $cdir;
${"${pkg}::var_directory"} = $vdir;
${"${pkg}::remote_user"} = ${"${pkg}::base_remote_user"} =
	$ENV{'UC_TEST_USER'} || 'admin';
${"${pkg}::root_directory"} = "$mdir/..";
return 1;
}

# Module ACL: defaultacl, then $UC_TEST_CONFIG/<module>/<user>.acl.
sub get_module_acl
{
my %acl;
my $user = $ENV{'UC_TEST_USER'} || 'admin';
&stub_read_kv("$ENV{'UC_TEST_MODDIR'}/defaultacl", \%acl);
&stub_read_kv("$ENV{'UC_TEST_CONFIG'}/$module/$user.acl", \%acl);
return %acl;
}

sub get_module_info
{
my ($m) = @_;
my %info;
return () if ($m ne $module);
&stub_read_kv("$ENV{'UC_TEST_MODDIR'}/module.info", \%info);
my $l = &stub_lang();
$info{'desc'} = $info{"desc_$l"} if ($info{"desc_$l"});
$info{'dir'} = $m;
return %info;
}

sub foreign_available
{
my ($m) = @_;
return $m eq $module && ($ENV{'UC_TEST_AVAILABLE'} // 1) ? 1 : 0;
}

sub text
{
my ($key, @args) = @_;
my ($pkg) = caller;
no strict 'refs';
my $rv = ${"${pkg}::text"}{$key};
$rv =~ s/\$(\d+)/$1 <= @args ? $args[$1 - 1] : '$'.$1/ge;
return $rv;
}

sub error
{
die "ERROR: ".join("", @_)."\n";
}

# Webmin's html_escape: & < > " ' and = become entities.
sub html_escape
{
my ($s) = @_;
return '' if (!defined($s));
$s =~ s/&/&amp;/g;
$s =~ s/</&lt;/g;
$s =~ s/>/&gt;/g;
$s =~ s/\"/&quot;/g;
$s =~ s/\'/&#39;/g;
$s =~ s/=/&#61;/g;
return $s;
}

sub quote_escape
{
my ($s) = @_;
$s =~ s/&/&amp;/g;
$s =~ s/"/&quot;/g;
$s =~ s/'/&#39;/g;
return $s;
}

sub transname
{
my $dir = $ENV{'UC_TEST_TMP'} || "/tmp";
my ($fh, $name) = File::Temp::tempfile("ucstub.XXXXXX", DIR => $dir);
close($fh);
unlink($name);
return $name;
}

sub read_file_contents
{
my ($file) = @_;
open(my $fh, "<", $file) || return undef;
local $/;
my $rv = <$fh>;
close($fh);
return $rv;
}

sub make_dir
{
my ($dir, $perms, $recursive) = @_;
return 1 if (-d $dir);
require File::Path;
File::Path::make_path($dir, { 'mode' => $perms || 0755 });
return -d $dir;
}

sub has_command
{
my ($cmd) = @_;
return -x $cmd ? $cmd : undef if ($cmd =~ m{^/});
foreach my $d (split(/:/, $ENV{'PATH'})) {
	return "$d/$cmd" if (-x "$d/$cmd" && !-d _);
	}
return undef;
}

sub get_webprefix
{
return "";
}

# The ui_* functions render plain, predictable HTML close to Webmin's own.
sub ui_table_row
{
my ($label, $value, $cols) = @_;
return "<tr><td><b>$label</b></td><td colspan='".($cols || 1)."'>".
       "$value</td></tr>\n";
}

sub ui_radio
{
my ($name, $value, $opts) = @_;
return join("", map { "<input type='radio' name=\"".&quote_escape($name).
		      "\" value=\"".&quote_escape($_->[0])."\"".
		      ($_->[0] eq $value ? " checked" : "")."> $_->[1]\n" }
		    @$opts);
}

sub ui_yesno_radio
{
my ($name, $value) = @_;
return &ui_radio($name, int($value), [ [ 1, 'Yes' ], [ 0, 'No' ] ]);
}

sub ui_select
{
my ($name, $value, $opts, $size, $multiple, $missing) = @_;
my %sel = map { $_, 1 } (ref($value) ? @$value : ($value));
my %have;
my $rv = "<select name=\"".&quote_escape($name)."\"".
	 ($multiple ? " multiple" : "").">\n";
foreach my $o (@$opts) {
	$have{$o->[0]}++;
	$rv .= "<option value=\"".&quote_escape($o->[0])."\"".
	       ($sel{$o->[0]} ? " selected" : "").">".
	       &html_escape($o->[1])."</option>\n";
	}
foreach my $s (grep { $missing && !$have{$_} && $_ ne '' } sort keys %sel) {
	$rv .= "<option value=\"".&quote_escape($s)."\" selected>".
	       &html_escape($s)."</option>\n";
	}
return $rv."</select>\n";
}

sub ui_textbox
{
my ($name, $value, $size) = @_;
return "<input type='text' name=\"".&quote_escape($name)."\" value=\"".
       &quote_escape($value)."\" size='$size'>";
}

1;
