#!/bin/sh
# Runs once, on an empty data directory (docker-entrypoint-initdb.d). Creates the role the server
# logs in as: it owns the database and migrates it, but is not a superuser (a superuser bypasses
# row-level security even when FORCEd). CREATEROLE lets the first migration create the request role.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$DB_PASSWORD" <<'SQL'
CREATE ROLE hub LOGIN CREATEROLE PASSWORD :'password';
CREATE DATABASE hub OWNER hub;
SQL
