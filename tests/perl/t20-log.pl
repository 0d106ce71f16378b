# t20-log.pl — log_parser.pl: the sentence for every action the module logs,
# with the params the C pages log (see cgi-src/cgi/*.c, app_log_action), in
# English and Spanish, short and long, names escaped.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use utf8;
use FindBin;
require "$FindBin::Bin/testlib.pl";
binmode(STDOUT, ":utf8");

# [ action, type, object, params, long, English, Spanish ]
my @cases = (
 [ "create", "server", "web1", { 'id' => 'web1', 'type' => 'web', 'ip' => '10.0.0.1' }, 0,
   "Added server <tt>web1</tt>", "Servidor <tt>web1</tt> añadido" ],
 [ "create", "server", "web1", { 'id' => 'web1', 'type' => 'web', 'ip' => '10.0.0.1' }, 1,
   "Added server <tt>web1</tt> (type Web, address <tt>10.0.0.1</tt>)",
   "Servidor <tt>web1</tt> añadido (tipo Web, dirección <tt>10.0.0.1</tt>)" ],
 [ "modify", "server", "db-1", { 'id' => 'db-1' }, 0,
   "Changed server <tt>db-1</tt>", "Servidor <tt>db-1</tt> modificado" ],
 [ "delete", "server", "db-1", { 'id' => 'db-1' }, 0,
   "Deleted server <tt>db-1</tt>", "Servidor <tt>db-1</tt> eliminado" ],
 [ "delete", "server", "42", { 'servers' => '42' }, 0,
   "Deleted server <tt>42</tt>", "Servidor <tt>42</tt> eliminado" ],
 [ "delete", "server", "3", { 'servers' => "a\0b\0c" }, 0,
   "Deleted 3 servers", "3 servidores eliminados" ],
 [ "delete", "server", "3", { 'servers' => "a\0b\0c" }, 1,
   "Deleted 3 servers (servers <tt>a</tt>, <tt>b</tt>, <tt>c</tt>)",
   "3 servidores eliminados (servidores <tt>a</tt>, <tt>b</tt>, <tt>c</tt>)" ],
 [ "connect", "connection", "lb1->web1", { 'from' => 'lb1', 'to' => 'web1', 'type' => 'http' }, 0,
   "Connected <tt>lb1</tt> to <tt>web1</tt>", "<tt>lb1</tt> conectado con <tt>web1</tt>" ],
 [ "connect", "connection", "lb1->web1", { 'from' => 'lb1', 'to' => 'web1', 'type' => 'http' }, 1,
   "Connected <tt>lb1</tt> to <tt>web1</tt> (HTTP connection)",
   "<tt>lb1</tt> conectado con <tt>web1</tt> (conexión de tipo HTTP)" ],
 [ "connect", "connection", "2", { 'servers' => "a\0b\0c", 'type' => 'standard' }, 0,
   "Added 2 connections between the ticked servers, in the order ticked",
   "2 conexiones añadidas entre los servidores marcados, en el orden en que se marcaron" ],
 [ "connect", "connection", "2", { 'servers' => "a\0b", 'to' => 'db1' }, 0,
   "Connected the ticked servers to <tt>db1</tt> (2 new connections)",
   "Servidores marcados conectados con <tt>db1</tt> (2 conexiones nuevas)" ],
 [ "disconnect", "connection", "a.b->c_d", { 'from' => 'a.b', 'to' => 'c_d' }, 0,
   "Disconnected <tt>a.b</tt> from <tt>c_d</tt>", "<tt>a.b</tt> desconectado de <tt>c_d</tt>" ],
 [ "create", "cluster", "prod", { 'name' => 'prod', 'servers' => "a\0b" }, 0,
   "Created cluster <tt>prod</tt>", "Clúster <tt>prod</tt> creado" ],
 [ "create", "cluster", "prod", { 'name' => 'prod', 'servers' => "a\0b" }, 1,
   "Created cluster <tt>prod</tt> with 2 servers", "Clúster <tt>prod</tt> creado con 2 servidores" ],
 [ "modify", "cluster", "prod", { 'name' => 'prod', 'description' => 'x' }, 0,
   "Changed cluster <tt>prod</tt>", "Clúster <tt>prod</tt> modificado" ],
 [ "delete", "cluster", "prod", { 'name' => 'prod' }, 0,
   "Deleted cluster <tt>prod</tt>", "Clúster <tt>prod</tt> eliminado" ],
 [ "join", "cluster", "prod", { 'name' => 'prod', 'add' => 'web2' }, 0,
   "Added server <tt>web2</tt> to cluster <tt>prod</tt>",
   "Servidor <tt>web2</tt> añadido al clúster <tt>prod</tt>" ],
 [ "join", "cluster", "prod", { }, 0,
   "Added servers to cluster <tt>prod</tt>", "Servidores añadidos al clúster <tt>prod</tt>" ],
 [ "leave", "cluster", "prod", { 'name' => 'prod', 'remove' => 'web2' }, 0,
   "Removed server <tt>web2</tt> from cluster <tt>prod</tt>",
   "Servidor <tt>web2</tt> quitado del clúster <tt>prod</tt>" ],
 [ "move", "server", "web1", { }, 0,
   "Moved <tt>web1</tt> on the diagram", "<tt>web1</tt> movido en el diagrama" ],
 [ "arrange", "diagram", "circular", { }, 0,
   "Arranged the diagram (<tt>circular</tt> layout)",
   "Diagrama reorganizado (disposición <tt>circular</tt>)" ],
 [ "autoconnect", "cluster", "prod", { 'name' => 'prod', 'autoconnect' => 1 }, 0,
   "Connected the servers of cluster <tt>prod</tt> by role",
   "Servidores del clúster <tt>prod</tt> conectados según su función" ],
 [ "import", "estate", "/root/estate.json", { }, 0,
   "Imported servers, connections and clusters from <tt>/root/estate.json</tt>",
   "Servidores, conexiones y clústeres importados desde <tt>/root/estate.json</tt>" ],
 [ "import", "estate", "api", { 'mode' => 'replace', 'dry_run' => 1 }, 1,
   "Imported servers, connections and clusters through the API (replacing everything, trial run, nothing changed)",
   "Servidores, conexiones y clústeres importados a través de la API (sustituyendo todo, prueba, sin cambios)" ],
 [ "export", "estate", "api", { }, 0,
   "Exported servers, connections and clusters through the API",
   "Servidores, conexiones y clústeres exportados a través de la API" ],
 [ "export", "estate", "/tmp/e.json", { }, 0,
   "Exported servers, connections and clusters to <tt>/tmp/e.json</tt>",
   "Servidores, conexiones y clústeres exportados a <tt>/tmp/e.json</tt>" ],
 [ "backup", "estate", "/var/backups/c.db", { }, 0,
   "Backed up the database to <tt>/var/backups/c.db</tt>",
   "Copia de seguridad de la base de datos guardada en <tt>/var/backups/c.db</tt>" ],
 [ "backup", "estate", "api", { }, 0,
   "Backed up the database through the API",
   "Copia de seguridad de la base de datos hecha a través de la API" ],
 [ "restore", "estate", "/var/backups/c.db", { }, 0,
   "Restored the database from <tt>/var/backups/c.db</tt>",
   "Base de datos restaurada desde <tt>/var/backups/c.db</tt>" ],
 [ "restore", "estate", "api", { }, 0,
   "Restored the database through the API", "Base de datos restaurada a través de la API" ],
 [ "create", "rule", "cpu-high", { }, 0,
   "Created alert rule <tt>cpu-high</tt>", "Regla de alerta <tt>cpu-high</tt> creada" ],
 [ "modify", "rule", "cpu-high", { }, 0,
   "Changed alert rule <tt>cpu-high</tt>", "Regla de alerta <tt>cpu-high</tt> modificada" ],
 [ "delete", "rule", "cpu-high", { }, 0,
   "Deleted alert rule <tt>cpu-high</tt>", "Regla de alerta <tt>cpu-high</tt> eliminada" ],
 [ "acknowledge", "alert", "17", { }, 0,
   "Acknowledged alert <tt>17</tt>", "Alerta <tt>17</tt> reconocida" ],
 [ "silence", "alert", "17", { }, 0,
   "Silenced alert <tt>17</tt>", "Alerta <tt>17</tt> silenciada" ],
 [ "silence", "alert", "web1", { 'do' => 'silence', 'rule' => 'cpu_high', 'server' => 'web1', 'duration' => '4h' }, 1,
   "Silenced rule <tt>cpu_high</tt> on <tt>web1</tt> for 4h",
   "Regla <tt>cpu_high</tt> silenciada en <tt>web1</tt> durante 4h" ],
 [ "silence", "alert", "web1", { 'server' => 'web1', 'duration' => '1d' }, 1,
   "Silenced <tt>web1</tt> for 1d", "<tt>web1</tt> silenciado durante 1d" ],
 [ "unsilence", "alert", "3", { }, 0,
   "Ended silence <tt>3</tt>", "Silencio <tt>3</tt> terminado" ],
 [ "test", "rule", "cpu_high", { }, 0,
   "Test-fired alert rule <tt>cpu_high</tt>", "Regla de alerta <tt>cpu_high</tt> disparada de prueba" ],
);

foreach my $lang ("en", "es") {
	$ENV{'UC_TEST_LANG'} = $lang;
	&load_hook("log_parser.pl");
	foreach my $c (@cases) {
		my ($a, $t, $o, $p, $long, $en, $es) = @$c;
		my $got = &call("parse_webmin_log", "admin",
				"unlimited-cluster/x.cgi", $a, $t, $o, $p, $long);
		utf8::decode($got);
		&is($got, $lang eq "en" ? $en : $es,
		    "$lang: $a $t $o".($long ? " (long)" : ""));
		}
	}

$ENV{'UC_TEST_LANG'} = 'en';
&load_hook("log_parser.pl");
my $got = &call("parse_webmin_log", "admin", "x.cgi", "create", "server",
		"<b>x</b>", { }, 0);
&is($got, "Added server <tt>&lt;b&gt;x&lt;/b&gt;</tt>", "an odd object is escaped");
$got = &call("parse_webmin_log", "admin", "x.cgi", "delete", "server", "25",
	     { 'servers' => join("\0", map { "s$_" } 1 .. 25) }, 1);
like($got, qr/<tt>s20<\/tt>, …\)$/, "long list stops after 20 ids");
unlike($got, qr/s21/, "long list leaves out the 21st id");
&is(&call("parse_webmin_log", "admin", "x.cgi", "frobnicate", "server", "a", { }),
    undef, "an unknown action gives undef (Webmin's generic text)");
&is(&call("parse_webmin_log", "admin", "x.cgi", "disconnect", "connection", "a", { }),
    undef, "a connection without \"from->to\" gives undef");
&is(&call("parse_webmin_log", "admin", "config_save.cgi", "_config_", "-", "-", { }),
    undef, "Webmin's own _config_ entry is left to Webmin");

&done();
