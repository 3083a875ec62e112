#!/bin/sh
# For each NAME_FILE variable (PGPASSWORD_FILE=/run/secrets/postgres_password, …) export NAME
# with the file's content, then run the command. Secrets stay out of the compose file, the
# image and the command line (where `ps` would show them); the values are never printed.
set -eu
for var in $(env | sed -n 's/^\([A-Z0-9_]*\)_FILE=.*/\1/p'); do
    file=$(printenv "${var}_FILE")
    if [ ! -r "$file" ]; then
        echo "studio-entrypoint: ${var}_FILE names a file that cannot be read" >&2
        exit 2
    fi
    value=$(cat "$file")
    export "$var=$value"
    unset "${var}_FILE"
done
exec "$@"
