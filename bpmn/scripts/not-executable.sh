#!/bin/sh
# Deliberately NOT executable (mode 0644): missing-command.yaml runs it to show that a job whose
# script cannot be executed fails at once, without retries. Do not chmod +x this file.
echo "if you see this, the file was made executable by mistake"
