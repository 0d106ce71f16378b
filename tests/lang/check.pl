#!/usr/bin/perl
# check.pl STAGE ROOT — the language completeness checks behind
# tests/lang/run.sh. Shipped texts are read from the staged module (STAGE:
# lang/, help/, config.info*, module.info); the code that uses them from the
# checkout (ROOT: cgi-src/**/*.[ch], module/*.pl). Prints `ok N - ...` /
# `not ok N - ...` (one line per missing key or file, naming it), then
# `lang: N passed, M failed`; exits 1 when anything failed.
#
# Where keys come from in the C code:
#   - string literals in the key argument of app_text (2nd), lang_get (2nd),
#     lang_html and lang_plain (3rd), err_set (4th), and of every function
#     declared in cgi-src/lib/*.h or cgi-src/cli/*.h with a parameter whose
#     name ends in "_key" (ui_submit's label_key, app_page_begin's
#     title_key, ...), found from the prototypes so new helpers are covered;
#   - every literal that looks like an error key, "err_..." or
#     "<prefix>_err_..." (api_err_, xport_err_, fw_err_), wherever it is
#     (tables such as WANT_KEY, variables passed on to err_set);
#   - every literal in cgi-src/lib/*_texts.h (lists of the keys a script
#     shows, such as diagram_texts.h);
#   - ui_input_row's name (2nd) is shown as the label field_<name>;
#   - keys built at run time from a "<prefix>_%s" format. Only these
#     prefixes are known, each expanded over its vocabulary:
#       field_  the fields of every HTML page (the {"name", 0|FIELD_LIST}
#               entries and *_FIELDS macros in cgi-src/cgi/*.c without
#               PAGE_API: an error page labels a bad field with field_<name>),
#               ui_input_row names and ui.c's sortable columns
#       type_   the server types of types.c (also its "type_" n labels)
#       conn_   CONN_TYPES of types.c
#       state_  SERVER_STATES of types.c
#     and these are not lang keys at all: lang_ (Webmin's global config
#     key lang_<user>), servers_ (metric names). Any other "<x>_%s" literal
#     fails the test until it is added to %KNOWN_FORMATS (with its
#     expansion) or %NOT_LANG_FORMATS below.
# Where keys come from in the Perl hooks (module/*.pl): &text('key', ...),
# $text{'key'}, $text{"key"}, $text{key}. A key with an interpolated part
# is expanded when its fixed part is type_, conn_ or state_ (as above), or
# acl_$f (over the file's @uc_acl_flags); log_ keys are skipped because
# log_parser.pl looks them up through uc_log_text, which accepts a missing
# key; any other interpolated key fails.
# Help pages: every help/<page>.html needs help/<page>.es.html and the other
# way round, each with a <header>; every CGI page cgi-src/cgi/<name>.c
# needs both (nph-<name>.c: help page <name>); every help page named in the
# code (app_page_begin's help argument, ui_input_row with help set,
# "help.cgi?page=<name>" literals, and such links inside the help pages)
# must exist in both languages.
# Also: config.info and config.info.es have the same keys; module.info has
# desc, desc_es, longdesc and longdesc_es.
# Before all that, a self-test builds a small module with one of each
# defect in a temporary folder and checks that every one is reported (and
# that commented-out calls and keys that exist are not), so the checker
# itself cannot silently stop finding things.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
use File::Temp qw(tempdir);

my %KNOWN_FORMATS = map { $_ => 1 } qw(field_ type_ conn_ state_);
my %NOT_LANG_FORMATS = map { $_ => 1 } qw(lang_ servers_);
my %EXPLICIT_KEY_ARGS = (    # function => [1-based key argument positions]
    app_text => [2], lang_get => [2], lang_html => [3], lang_plain => [3],
    err_set => [4], app_page_begin => [2],
);

sub slurp {
    my ($f) = @_;
    open(my $fh, '<:raw', $f) or return undef;
    local $/;
    my $t = <$fh>;
    close($fh);
    return $t;
}

# A Webmin name=value file: (\%map, \@problems).
sub read_kv {
    my ($f) = @_;
    my (%m, @bad);
    my $t = slurp($f);
    return (undef, ["$f is missing"]) unless defined $t;
    my $ln = 0;
    for my $line (split /\n/, $t) {
        $ln++;
        $line =~ s/\r$//;
        next if $line =~ /^\s*$/ || $line =~ /^#/;
        if ($line !~ /^([^=]+)=(.*)$/) {
            push @bad, "$f:$ln has no '=': $line";
            next;
        }
        my ($k, $v) = ($1, $2);
        push @bad, "$f:$ln repeats key $k" if exists $m{$k};
        $m{$k} = $v;
    }
    return (\%m, \@bad);
}


sub placeholders {
    my ($v) = @_;
    my %s = map { $_ => 1 } ($v =~ /\$(\d+)/g);
    return join(" ", map { "\$$_" } sort keys %s);
}

# ---- C sources ----
# Comments become spaces (newlines kept); literals stay.
sub strip_c {
    my ($t) = @_;
    my $out = "";
    my $i = 0;
    my $len = length $t;
    while ($i < $len) {
        my $c = substr($t, $i, 1);
        my $two = substr($t, $i, 2);
        if ($two eq '/*') {
            my $end = index($t, '*/', $i + 2);
            $end = $len - 2 if $end < 0;
            my $chunk = substr($t, $i, $end + 2 - $i);
            $chunk =~ s/[^\n]/ /g;
            $out .= $chunk;
            $i = $end + 2;
        } elsif ($two eq '//') {
            my $end = index($t, "\n", $i);
            $end = $len if $end < 0;
            $out .= ' ' x ($end - $i);
            $i = $end;
        } elsif ($c eq '"' || $c eq "'") {
            my $j = $i + 1;
            while ($j < $len && substr($t, $j, 1) ne $c) {
                $j++ if substr($t, $j, 1) eq '\\';
                $j++;
            }
            $out .= substr($t, $i, $j + 1 - $i);
            $i = $j + 1;
        } else {
            $out .= $c;
            $i++;
        }
    }
    return $out;
}

# The literals in an expression, adjacent ones joined ("a" "b" -> "ab").
sub literals {
    my ($expr) = @_;
    my @l;
    while ($expr =~ /((?:"(?:[^"\\]|\\.)*"\s*)+)/g) {
        my $run = $1;
        my $s = join("", $run =~ /"((?:[^"\\]|\\.)*)"/g);
        push @l, $s;
    }
    return @l;
}

# The arguments of the call whose '(' is at $pos in $t, split at top-level
# commas (strings, parentheses and braces respected).
sub call_args {
    my ($t, $pos) = @_;
    my ($depth, $cur, @args) = (0, "");
    my $len = length $t;
    for (my $i = $pos + 1; $i < $len; $i++) {
        my $c = substr($t, $i, 1);
        if ($c eq '"' || $c eq "'") {
            my $j = $i + 1;
            while ($j < $len && substr($t, $j, 1) ne $c) {
                $j++ if substr($t, $j, 1) eq '\\';
                $j++;
            }
            $cur .= substr($t, $i, $j + 1 - $i);
            $i = $j;
            next;
        }
        if ($c eq '(' || $c eq '{' || $c eq '[') { $depth++; }
        elsif ($c eq ')' || $c eq '}' || $c eq ']') {
            if ($depth == 0) { push @args, $cur; return @args; }
            $depth--;
        } elsif ($c eq ',' && $depth == 0) {
            push @args, $cur;
            $cur = "";
            next;
        }
        $cur .= $c;
    }
    return @args;
}

sub line_of {
    my ($t, $pos) = @_;
    return 1 + (substr($t, 0, $pos) =~ tr/\n//);
}


# run_checks(stage, root, verbose): every check, as a list of
# [name, problems...] (no problems: passed).
sub run_checks {
    my ($stage, $root, $verbose) = @_;
    my @results;
    my $check = sub { push @results, [@_]; };
    # ---- lang/en and lang/es ----
    my ($en, $en_bad) = read_kv("$stage/lang/en");
    my ($es, $es_bad) = read_kv("$stage/lang/es");
    $en ||= {};
    $es ||= {};
    $check->("lang/en and lang/es are well formed", @$en_bad, @$es_bad);
    $check->("every lang/en key is in lang/es",
          map { "lang/es lacks $_" } grep { !exists $es->{$_} } sort keys %$en);
    $check->("every lang/es key is in lang/en",
          map { "lang/en lacks $_" } grep { !exists $en->{$_} } sort keys %$es);
    my @empty;
    for my $pair ([ 'en', $en ], [ 'es', $es ]) {
        my ($code, $m) = @$pair;
        push @empty, map { "lang/$code $_ is empty" }
            grep { $m->{$_} !~ /\S/ } sort keys %$m;
    }
    $check->("no lang value is empty", @empty);
    $check->("\$1/\$2 placeholders match between en and es",
          map { "$_: en has '" . placeholders($en->{$_}) . "', es has '" .
                placeholders($es->{$_}) . "'" }
          grep { exists $es->{$_} &&
                 placeholders($en->{$_}) ne placeholders($es->{$_}) }
          sort keys %$en);

    my @c_files = sort(glob("$root/cgi-src/*.c"), glob("$root/cgi-src/*/*.[ch]"));
    my %src;
    for my $f (@c_files) {
        my $t = slurp($f);
        (my $rel = $f) =~ s{^\Q$root\E/}{};
        $src{$rel} = strip_c($t) if defined $t;
    }

    # Functions with "const char *<x>_key" parameters: declared in the
    # library and CLI headers (used anywhere), or static in one .c file
    # (used in that file only).
    my %key_args = %EXPLICIT_KEY_ARGS;
    my %local_key_args;    # file => function => [positions]
    for my $rel (sort keys %src) {
        my $t = $src{$rel};
        $t =~ s/\\\n/ /g;
        my $header = $rel =~ m{^cgi-src/(lib|cli)/.*\.h$};
        my $re = $header ? qr/\b([a-z_][a-z0-9_]*)\s*\(([^;{}()]*)\)\s*;/
                         : qr/\bstatic\b[^;{}()]*?\b([a-z_][a-z0-9_]*)\s*\(([^;{}()]*)\)\s*\{/;
        next unless $header || $rel =~ /\.c$/;
        while ($t =~ /$re/g) {
            my ($fn, $params) = ($1, $2);
            my $into = $header ? \%key_args : ($local_key_args{$rel} ||= {});
            my @p = split /,/, $params;
            for my $i (0 .. $#p) {
                push @{ $into->{$fn} }, $i + 1
                    if $p[$i] =~ /\bconst\s+char\s*\*\s*\w+_key\s*$/ &&
                       !grep { $_ == $i + 1 } @{ $into->{$fn} || [] };
            }
        }
    }
    print "# key arguments: ",
        join(", ", map { "$_(" . join(",", @{ $key_args{$_} }) . ")" }
             sort keys %key_args), "\n" if $verbose;
    print "# and in single files: ",
        join(", ", map { my $f = $_; map { "$_(" .
            join(",", @{ $local_key_args{$f}{$_} }) . ") in $f" }
            sort keys %{ $local_key_args{$f} } } sort keys %local_key_args),
        "\n" if $verbose && %local_key_args;

    # Vocabularies from types.c.
    my $types_c = $src{'cgi-src/lib/types.c'} // "";
    my @types = $types_c =~ /\bTYPE\(\s*"([a-z0-9_]+)"/g;
    my ($conn_list) = $types_c =~ /CONN_TYPES\[\]\s*=\s*\{([^}]*)\}/;
    my ($state_list) = $types_c =~ /SERVER_STATES\[\]\s*=\s*\{([^}]*)\}/;
    my @conns = literals($conn_list // "");
    my @states = literals($state_list // "");
    $check->("types.c vocabularies were found",
          (@types ? () : "no TYPE(...) entries"),
          (@conns ? () : "no CONN_TYPES"), (@states ? () : "no SERVER_STATES"));

    # Field names of the HTML pages.
    my %macro_fields;
    for my $rel (grep { /\.h$/ } keys %src) {
        my $t = $src{$rel};
        $t =~ s/\\\n/ /g;
        while ($t =~ /#define\s+(\w+_FIELDS)\b(.*)/g) {
            my ($name, $body) = ($1, $2);
            $macro_fields{$name} =
                [ $body =~ /\{\s*"([a-z0-9_]+)"\s*,\s*(?:0|FIELD_LIST)\s*\}/g ];
        }
    }
    my %fields;    # field name => where
    for my $rel (grep { m{^cgi-src/cgi/.*\.c$} } sort keys %src) {
        my $t = $src{$rel};
        next if $t =~ /\bPAGE_API\b/;
        $fields{$_} //= $rel
            for $t =~ /\{\s*"([a-z0-9_]+)"\s*,\s*(?:0|FIELD_LIST)\s*\}/g;
        while ($t =~ /\b(\w+_FIELDS)\b/g) {
            $fields{$_} //= "$rel ($1)" for @{ $macro_fields{$1} || [] };
        }
    }
    my $ui_c = $src{'cgi-src/lib/ui.c'} // "";
    if ($ui_c =~ /sort_names\[[^\]]*\]\s*=\s*\{(.*?)\};/s) {
        $fields{$_} //= "cgi-src/lib/ui.c (sort_names)" for literals($1);
    }

    my %used;          # key => "file:line"
    my %help_used;     # help page => "file:line"
    my @unhandled;
    my $use_key = sub { my ($k, $where) = @_; $used{$k} //= $where; };

    for my $rel (sort keys %src) {
        my $t = $src{$rel};
        my %fns = (%key_args, %{ $local_key_args{$rel} || {} });
        for my $fn (sort keys %fns) {
            while ($t =~ /\b\Q$fn\E\s*\(/g) {
                my $open = pos($t) - 1;
                my @args = call_args($t, $open);
                my $where = "$rel:" . line_of($t, $open);
                for my $i (@{ $fns{$fn} }) {
                    next if $i > @args;
                    $use_key->($_, $where) for literals($args[$i - 1]);
                }
            }
        }
        if ($rel =~ m{^cgi-src/lib/[^/]*_texts\.h$}) {
            while ($t =~ /"((?:[^"\\]|\\.)*)"/g) {
                $use_key->($1, "$rel:" . line_of($t, pos($t)));
            }
        }
        while ($t =~ /\bapp_page_begin\s*\(/g) {
            my $open = pos($t) - 1;
            my @args = call_args($t, $open);
            next if @args < 3;
            $help_used{$_} //= "$rel:" . line_of($t, $open)
                for literals($args[2]);
        }
        while ($t =~ /\bui_input_row\s*\(/g) {
            my $open = pos($t) - 1;
            my @args = call_args($t, $open);
            my $where = "$rel:" . line_of($t, $open);
            next if @args < 6;
            for my $name (literals($args[1])) {
                $fields{$name} //= $where;
                $help_used{$name} //= $where if $args[5] =~ /^\s*[1-9]\s*$/;
            }
        }
        while ($t =~ /"((?:[^"\\]|\\.)*)"/g) {
            my $lit = $1;
            my $where = "$rel:" . line_of($t, pos($t));
            $use_key->($lit, $where)
                if $lit =~ /^(?:[a-z]+_)?err_[a-z0-9_]+$/;
            $help_used{$1} //= $where if $lit =~ /help\.cgi\?page=([A-Za-z0-9._-]+)/;
            if ($lit =~ /^([a-z]+_)%s$/) {
                push @unhandled, "$where builds keys from \"$lit\""
                    unless $KNOWN_FORMATS{$1} || $NOT_LANG_FORMATS{$1};
            }
        }
    }
    $use_key->("type_$_", "cgi-src/lib/types.c (TYPE)") for @types;
    $use_key->("conn_$_", "cgi-src/lib/types.c (CONN_TYPES)") for @conns;
    $use_key->("state_$_", "cgi-src/lib/types.c (SERVER_STATES)") for @states;
    $use_key->("field_$_", "field of $fields{$_}") for keys %fields;

    # ---- Perl hooks ----
    my $c_keys = keys %used;
    my %VOCAB = (type_ => \@types, conn_ => \@conns, state_ => \@states);
    for my $f (sort glob("$root/module/*.pl")) {
        my $t = slurp($f) // next;
        (my $rel = $f) =~ s{^\Q$root\E/}{};
        my @flags;
        if ($t =~ /\@uc_acl_flags\s*=\s*\(([^)]*)\)/) {
            @flags = $1 =~ /['"](\w+)['"]/g;
        }
        my @found;    # [key expression, is_interpolated, line]
        my $ln = 0;
        for my $line (split /\n/, $t) {
            $ln++;
            next if $line =~ /^\s*#/;
            while ($line =~ /&text\(\s*'([^']+)'/g) { push @found, [ $1, 0, $ln ] }
            while ($line =~ /&text\(\s*"([^"]+)"/g) {
                my $k = $1;
                push @found, [ $k, $k =~ /\$/ ? 1 : 0, $ln ];
            }
            while ($line =~ /\$text\{\s*'([^']+)'\s*\}/g) {
                push @found, [ $1, 0, $ln ];
            }
            while ($line =~ /\$text\{\s*"([^"]+)"\s*\}/g) {
                my $k = $1;
                push @found, [ $k, $k =~ /\$/ ? 1 : 0, $ln ];
            }
            while ($line =~ /\$text\{(\w+)\}/g) { push @found, [ $1, 0, $ln ] }
        }
        for my $x (@found) {
            my ($k, $interp, $l) = @$x;
            my $where = "$rel:$l";
            if (!$interp) { $use_key->($k, $where); next; }
            my ($fixed) = $k =~ /^([^\$]*)/;
            if ($VOCAB{$fixed}) {
                $use_key->("$fixed$_", $where) for @{ $VOCAB{$fixed} };
            } elsif ($fixed eq 'acl_' && $k =~ /^acl_\$f$/ && @flags) {
                $use_key->("acl_$_", $where) for @flags;
            } elsif ($fixed =~ /^log_/) {
                next;    # looked up through uc_log_text: may be missing
            } else {
                push @unhandled, "$where builds the key \"$k\"";
            }
        }
    }

    print "# keys used: $c_keys by the C code, ", keys(%used) - $c_keys,
        " more by the Perl hooks; ", scalar(keys %$en), " in lang/en\n"
        if $verbose;
    my @unused = grep { !exists $used{$_} && !/^log_/ } sort keys %$en;
    print "# in lang/en but not found in the code (information only): ",
        join(" ", @unused), "\n" if $verbose && @unused;
    $check->("every key built at run time is understood by this test",
             @unhandled);
    $check->("every key the code uses is in lang/en or lang/es",
          map { "$_ (used at $used{$_}) is in neither lang/en nor lang/es" }
          grep { !exists $en->{$_} && !exists $es->{$_} } sort keys %used);

    # ---- help pages ----
    my @help_problems;
    my %help_langs;    # page => { en => 1, es => 1 }
    for my $f (sort glob("$stage/help/*.html")) {
        (my $base = $f) =~ s{.*/}{};
        my ($page, $code) = $base =~ /^(.+?)(?:\.([a-z][a-z_]*))?\.html$/;
        $code //= 'en';
        $help_langs{$page}{$code} = 1;
        my $t = slurp($f) // "";
        push @help_problems, "help/$base has no <header>...</header>"
            unless $t =~ m{<header>\s*\S.*?</header>}s;
        $help_used{$1} //= "help/$base"
            while $t =~ /help\.cgi\?page=([A-Za-z0-9._-]+)/g;
    }
    for my $page (sort keys %help_langs) {
        for my $code (qw(en es)) {
            my $file = $code eq 'en' ? "help/$page.html" : "help/$page.$code.html";
            push @help_problems, "$file is missing (the page exists in " .
                join("/", sort keys %{ $help_langs{$page} }) . " only)"
                unless $help_langs{$page}{$code};
        }
    }
    $check->("every help page exists in English and Spanish", @help_problems);

    my @cgi_problems;
    for my $f (sort glob("$root/cgi-src/cgi/*.c")) {
        (my $name = $f) =~ s{.*/}{};
        $name =~ s/\.c$//;
        (my $page = $name) =~ s/^nph-//;
        for my $code (qw(en es)) {
            my $file = $code eq 'en' ? "help/$page.html" : "help/$page.$code.html";
            push @cgi_problems, "$name.cgi has no $file"
                unless $help_langs{$page}{$code};
        }
    }
    $check->("every CGI page has a help page in both languages", @cgi_problems);
    $check->("every help page the code links to exists in both languages",
          map { my $p = $_;
                map { "help page $p (linked at $help_used{$p}) has no " .
                      ($_ eq 'en' ? "help/$p.html" : "help/$p.$_.html") }
                grep { !$help_langs{$p}{$_} } qw(en es) }
          sort keys %help_used);

    # ---- config.info and module.info ----
    my ($ci, $ci_bad) = read_kv("$stage/config.info");
    my ($ci_es, $ci_es_bad) = read_kv("$stage/config.info.es");
    $ci ||= {};
    $ci_es ||= {};
    $check->("config.info and config.info.es have the same keys",
          @$ci_bad, @$ci_es_bad,
          (map { "config.info.es lacks $_" } grep { !exists $ci_es->{$_} }
           sort keys %$ci),
          (map { "config.info lacks $_" } grep { !exists $ci->{$_} }
           sort keys %$ci_es));
    my ($mi, $mi_bad) = read_kv("$stage/module.info");
    $mi ||= {};
    $check->("module.info has desc, desc_es, longdesc and longdesc_es", @$mi_bad,
          map { "module.info lacks $_" }
          grep { !defined $mi->{$_} || $mi->{$_} !~ /\S/ }
          qw(desc desc_es longdesc longdesc_es));


    return @results;
}

# ---- self-test: a small module with one of each defect ----
sub spew {
    my ($f, $t) = @_;
    (my $d = $f) =~ s{/[^/]+$}{};
    system("mkdir", "-p", $d) == 0 or die "mkdir $d\n";
    open(my $fh, '>:raw', $f) or die "$f: $!\n";
    print $fh $t;
    close($fh);
}

sub fixture {
    my ($dir) = @_;
    my $s = "$dir/stage";
    my $r = "$dir/root";
    spew("$s/lang/en", "title=Title\nonly_en=x\nempty_es=x\nph=\$1 of \$2\n" .
         "dup=a\ndup=b\ntype_web=Web\nfield_id=Id\nsub_label=Go\n" .
         "err_fine=fine\nperl_fine=ok\n");
    spew("$s/lang/es", "title=Título\nonly_es=x\nempty_es=\nph=\$1\n" .
         "dup=a\ntype_web=Web\nfield_id=Id\nsub_label=Ir\nerr_fine=bien\n" .
         "perl_fine=ok\n");
    spew("$s/help/page.html", "<header>Page</header><p>x</p>\n");
    spew("$s/help/page.es.html", "<header>Página</header><p>x</p>\n");
    spew("$s/help/onlyen.html", "<header>Only</header>\n");
    spew("$s/help/nohead.html", "<p>no header</p>\n");
    spew("$s/help/nohead.es.html",
         "<header>Sí</header><a href=\"help.cgi?page=lost\">x</a>\n");
    spew("$s/config.info", "a=A,0\nb=B,0\n");
    spew("$s/config.info.es", "a=A,0\n");
    spew("$s/module.info", "desc=D\ndesc_es=D\nlongdesc=L\n");
    spew("$r/cgi-src/lib/types.c",
         "const struct server_type SERVER_TYPES[] = {\n" .
         "    TYPE(\"web\", \"#4CAF50\", 80), TYPE(\"dns\", \"#F\", 53),\n};\n" .
         "const char *const CONN_TYPES[] = {\"std\"};\n" .
         "const char *const SERVER_STATES[] = {\"up\"};\n");
    spew("$r/cgi-src/lib/ui.h",
         "/* ui_go(a, style, label_key) */\n" .
         "void ui_go(struct app *a, const char *style,\n" .
         "           const char *label_key);\n");
    spew("$r/cgi-src/cgi/page.c",
         "static const struct field fields[] = {{\"id\", 0}, {\"fld\", 0}};\n" .
         "/* app_text(a, \"in_comment\") */\n" .
         "// app_text(a, \"in_line_comment\")\n" .
         "static void f(struct app *a, struct err *e) {\n" .
         "    app_page_begin(a, \"title\", \"page\", NULL);\n" .
         "    html_text(b, app_text(a, \"missing_c\"));\n" .
         "    ui_go(a, \"primary\", x ? \"sub_label\" : \"missing_ui\");\n" .
         "    err_set(e, ERR_INVALID, \"id\",\n" .
         "            \"missing_err\", NULL, NULL);\n" .
         "    const char *k = \"xx_err_table\";\n" .
         "    snprintf(key, sizeof key, \"weird_%s\", v);\n" .
         "    snprintf(key, sizeof key, \"lang_%s\", user);\n" .
         "    app_page_begin(a, \"title\", \"gone\", NULL);\n" .
         "    lang_html(b, l, \"err_fine\", NULL, NULL);\n}\n" .
         "static void\nhelper(struct app *a, const char *label_key)\n{\n}\n" .
         "static void g(struct app *a) { helper(a, \"missing_static\"); }\n");
    spew("$r/cgi-src/cgi/other.c",
         "static void helper(int n, const char *s) { }\n" .
         "static void h(void) { helper(1, \"not_a_key\"); }\n");
    spew("$r/cgi-src/cgi/nph-api.c", "/* the api */\n");
    spew("$r/cgi-src/cgi/orphan.c", "/* a page without help */\n");
    spew("$r/cgi-src/lib/x_texts.h", "/* keys */\n\"title\", \"missing_texts\"\n");
    spew("$r/module/hook.pl",
         "print \$text{'perl_fine'}, \$text{'perl_missing'};\n" .
         "print &text('perl_text_missing', 1);\n" .
         "print \$text{\"dyn_\$x\"}, \$text{\"type_\$t\"};\n" .
         "# \$text{'perl_commented'}\n");
    return ($s, $r);
}

# Problems the fixture must produce (regexes), and text it must not.
my @SELF_FOUND = (
    qr/lang\/es lacks only_en$/,
    qr/lang\/en lacks only_es$/,
    qr/lang\/es empty_es is empty$/,
    qr/^ph: en has '\$1 \$2', es has '\$1'$/,
    qr/lang\/en:\d+ repeats key dup$/,
    qr/^missing_c \(used at cgi-src\/cgi\/page\.c:6\)/,
    qr/^missing_ui \(used at cgi-src\/cgi\/page\.c:7\)/,
    qr/^missing_err \(used at cgi-src\/cgi\/page\.c:8\)/,
    qr/^missing_static \(used at cgi-src\/cgi\/page\.c:20\)/,
    qr/^xx_err_table \(used at/,
    qr/^missing_texts \(used at cgi-src\/lib\/x_texts\.h:2\)/,
    qr/^field_fld \(used at field of cgi-src\/cgi\/page\.c\)/,
    qr/^type_dns \(used at/,
    qr/^conn_std \(used at/,
    qr/^state_up \(used at/,
    qr/page\.c:11 builds keys from "weird_%s"$/,
    qr/^perl_missing \(used at module\/hook\.pl:1\)/,
    qr/^perl_text_missing \(used at module\/hook\.pl:2\)/,
    qr/hook\.pl:3 builds the key "dyn_\$x"$/,
    qr/^help\/onlyen\.es\.html is missing/,
    qr/^help\/nohead\.html has no <header>/,
    qr/^orphan\.cgi has no help\/orphan\.html$/,
    qr/^orphan\.cgi has no help\/orphan\.es\.html$/,
    qr/^nph-api\.cgi has no help\/api\.html$/,
    qr/^nph-api\.cgi has no help\/api\.es\.html$/,
    qr/^help page gone \(linked at cgi-src\/cgi\/page\.c:13\) has no help\/gone\.html$/,
    qr/^help page lost \(linked at help\/nohead\.es\.html\) has no help\/lost\.html$/,
    qr/^config\.info\.es lacks b$/,
    qr/^module\.info lacks longdesc_es$/,
);
my @SELF_CLEAN = (
    qr/in_comment|in_line_comment|perl_commented|not_a_key/,
    qr/\b(?:title|sub_label|err_fine|perl_fine|type_web|field_id) \(used/,
    qr/lang_%s/,
    qr/help page page \(|page\.cgi has no/,
    qr/lacks (?:title|ph|type_web)$/,
);

sub self_test {
    my $dir = tempdir("uc-langtest.XXXXXX", TMPDIR => 1, CLEANUP => 1);
    my ($s, $r) = fixture($dir);
    my @problems = map { my ($name, @p) = @$_; @p } run_checks($s, $r, 0);
    my @out;
    for my $re (@SELF_FOUND) {
        my $hit = grep { $_ =~ $re } @problems;
        push @out, [ "self-test: the checker reports $re",
                     $hit ? () : "not reported; it said:\n# " .
                                 join("\n# ", @problems) ];
    }
    for my $re (@SELF_CLEAN) {
        my @wrong = grep { $_ =~ $re } @problems;
        push @out, [ "self-test: the checker does not report $re",
                     map { "wrongly reported: $_" } @wrong ];
    }
    return @out;
}

# ---- main ----
my ($stage, $root) = @ARGV;
die "usage: check.pl STAGE ROOT\n" unless defined $root && -d $stage;
my ($pass, $fail, $n) = (0, 0, 0);
for my $r (self_test(), run_checks($stage, $root, 1)) {
    my ($name, @problems) = @$r;
    if (!@problems) {
        $pass++;
        $n++;
        print "ok $n - $name\n";
        next;
    }
    for my $p (@problems) {
        $fail++;
        $n++;
        print "not ok $n - $name: $p\n";
    }
}
print "lang: $pass passed, $fail failed\n";
exit($fail ? 1 : 0);
