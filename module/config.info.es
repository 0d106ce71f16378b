db_path=Archivo de la base de datos,3,Predeterminado (en la carpeta var de Webmin)
page_size=Servidores por página en las tablas,0,5
