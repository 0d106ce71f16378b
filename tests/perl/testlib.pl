# testlib.pl — helpers for the hook tests: TAP-like ok/is/like lines (run.sh
# numbers them), loading a hook file the way Webmin's foreign_require does,
# capturing what it prints, and a fake clusterctl (a shell script) whose
# answers the test writes and whose calls it reads back.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'uninitialized';

our $moddir = $ENV{'UC_TEST_MODDIR'} || die "UC_TEST_MODDIR is not set\n";
our $fakedir = $ENV{'UC_FAKE_DIR'} || die "UC_FAKE_DIR is not set\n";
our $pkg = 'unlimited_cluster';
our $failed = 0;

sub ok
{
my ($cond, $name) = @_;
print(($cond ? "ok" : "not ok")." - $name\n");
$failed++ if (!$cond);
return $cond;
}

sub is
{
my ($got, $want, $name) = @_;
my $r = &ok(defined($got) == defined($want) &&
	    (!defined($want) || $got eq $want), $name);
print "#   got:  ".(defined($got) ? "'$got'" : "undef")."\n".
      "#   want: ".(defined($want) ? "'$want'" : "undef")."\n" if (!$r);
return $r;
}

sub like
{
my ($got, $re, $name) = @_;
my $r = &ok($got =~ $re, $name);
print "#   got: '$got'\n#   does not match $re\n" if (!$r);
return $r;
}

sub unlike
{
my ($got, $re, $name) = @_;
my $r = &ok($got !~ $re, $name);
print "#   got: '$got'\n#   matches $re\n" if (!$r);
return $r;
}

# load_hook(file): "package unlimited_cluster; do '<moddir>/<file>'" with the
# module folder first on @INC, as foreign_require does. Loading again
# re-reads the language (UC_TEST_LANG) and the ACL.
sub load_hook
{
my ($file) = @_;
local @INC = ($moddir, @INC);
my $rv = eval "package $pkg; do '$moddir/$file'";
die "cannot load $file: ".($@ || $! || "false value")."\n" if (!$rv);
return 1;
}

# call(function, args...): calls unlimited_cluster::function.
sub call
{
my ($func, @args) = @_;
no strict 'refs';
return &{"${pkg}::$func"}(@args);
}

# count(function, args...): how many values it returns in list context.
sub count
{
my @rv = &call(@_);
return scalar(@rv);
}

# capture(code): what code prints to STDOUT.
sub capture
{
my ($code) = @_;
my $buf = "";
open(my $fh, ">", \$buf) || die;
my $old = select($fh);
eval { $code->() };
my $err = $@;
select($old);
close($fh);
die $err if ($err);
return $buf;
}

sub write_file
{
my ($file, $text, $mode) = @_;
open(my $fh, ">", $file) || die "$file: $!\n";
print $fh $text;
close($fh);
chmod($mode, $file) if (defined($mode));
}

sub read_file
{
my ($file) = @_;
open(my $fh, "<", $file) || return undef;
local $/;
my $t = <$fh>;
close($fh);
return $t;
}

# The fake clusterctl: logs each call's arguments (argv.log) and
# environment (env.log); answers from out.<key>, err.<key>, exit.<key> when
# the test wrote them (key: the arguments joined by spaces, other characters
# than [A-Za-z0-9._-] as "_"); else: no arguments print usage and exit 2,
# "backup FILE" writes FILE, "restore FILE" copies FILE to "restored".
our $fake_clusterctl = <<'SH';
#!/bin/sh
d=${UC_FAKE_DIR:?}
printf '%s\n' "$*" >>"$d/argv.log"
printf 'WEBMIN_CONFIG=%s WEBMIN_VAR=%s\n' "$WEBMIN_CONFIG" "$WEBMIN_VAR" >>"$d/env.log"
key=$(printf '%s' "$*" | tr -c 'A-Za-z0-9._-' '_')
[ -f "$d/err.$key" ] && cat "$d/err.$key" >&2
[ -f "$d/out.$key" ] && cat "$d/out.$key"
[ -f "$d/exit.$key" ] && exit "$(cat "$d/exit.$key")"
[ -f "$d/out.$key" ] && exit 0
case "$1" in
"") echo "usage: clusterctl COMMAND [ARGS]" >&2; exit 2 ;;
backup) printf 'SNAPSHOT\n' >"$2"; exit 0 ;;
restore) cp "$2" "$d/restored"; exit 0 ;;
esac
echo "clusterctl: unknown command: $1" >&2
exit 2
SH

# A fake systemctl that only logs its arguments (systemctl.log).
our $fake_systemctl = <<'SH';
#!/bin/sh
printf '%s\n' "$*" >>"${UC_FAKE_DIR:?}/systemctl.log"
exit 0
SH

sub fake_install
{
mkdir($fakedir);
&write_file("$moddir/clusterctl", $fake_clusterctl, 0755);
&write_file("$fakedir/systemctl", $fake_systemctl, 0755);
}

sub fake_key
{
my $k = join(" ", @_);
$k =~ s/[^A-Za-z0-9._-]/_/g;
return $k;
}

# fake_answer(&args, stdout, [exit], [stderr]): replaces any earlier answer.
sub fake_answer
{
my ($args, $out, $exit, $err) = @_;
my $k = &fake_key(@$args);
unlink("$fakedir/out.$k", "$fakedir/exit.$k", "$fakedir/err.$k");
&write_file("$fakedir/out.$k", $out) if (defined($out));
&write_file("$fakedir/exit.$k", "$exit\n") if (defined($exit));
&write_file("$fakedir/err.$k", $err) if (defined($err));
}

# fake_calls(): the argument lines of the calls since the last fake_reset.
sub fake_calls
{
my $t = &read_file("$fakedir/argv.log");
my @calls = defined($t) ? split(/\n/, $t) : ();
return @calls;
}

sub fake_reset
{
unlink(glob("$fakedir/*.log"), glob("$fakedir/out.*"),
       glob("$fakedir/err.*"), glob("$fakedir/exit.*"));
}

sub done
{
exit($failed ? 1 : 0);
}

&fake_install();
1;
