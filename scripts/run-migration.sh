#!/usr/bin/env bash
# Runs the database migrations as a one-off ECS task and waits for it: Terraform calls this from
# the app stack (terraform_data "run-migrations") after registering a new migration task
# definition and before it updates the services, so new code never meets an old schema.
# Exits non-zero, and so fails the apply, when the task does not exit 0.
#
# Inputs (environment, set by the app stack): CLUSTER, TASK_DEFINITION, SUBNETS (comma-separated),
# SECURITY_GROUPS (comma-separated), ASSIGN_PUBLIC_IP (ENABLED|DISABLED), AWS_REGION.
# SKYPORT_SKIP_MIGRATIONS=1 skips the run (offline validation against a local AWS).
# MIGRATION_TIMEOUT_SECONDS (default 1800) bounds the wait, image pull included; `aws ecs wait`
# would give up after 10 minutes and leave a long migration running.
set -euo pipefail

if [[ ${SKYPORT_SKIP_MIGRATIONS:-0} == 1 ]]; then
  echo "run-migration: skipped (SKYPORT_SKIP_MIGRATIONS=1)"
  exit 0
fi
for name in CLUSTER TASK_DEFINITION SUBNETS SECURITY_GROUPS ASSIGN_PUBLIC_IP AWS_REGION; do
  if [[ -z ${!name:-} ]]; then
    echo "run-migration: $name is not set (the app stack sets it; see scripts/run-migration.sh)" >&2
    exit 2
  fi
done
command -v aws >/dev/null || {
  echo "run-migration: the AWS CLI (aws) is needed on the machine that runs terraform apply" >&2
  exit 2
}

network="awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$SECURITY_GROUPS],assignPublicIp=$ASSIGN_PUBLIC_IP}"
# On-demand capacity: a Spot interruption halfway through a migration helps nobody.
task=$(aws ecs run-task --region "$AWS_REGION" --cluster "$CLUSTER" \
  --task-definition "$TASK_DEFINITION" --capacity-provider-strategy capacityProvider=FARGATE,weight=1 \
  --network-configuration "$network" --started-by terraform-migrations \
  --query 'tasks[0].taskArn' --output text)
if [[ -z $task || $task == None ]]; then
  echo "run-migration: ECS did not start the migration task" >&2
  exit 1
fi
timeout=${MIGRATION_TIMEOUT_SECONDS:-1800}
echo "run-migration: started $task, waiting up to ${timeout}s for it to stop"
deadline=$((SECONDS + timeout))
while :; do
  read -r status code reason < <(aws ecs describe-tasks --region "$AWS_REGION" --cluster "$CLUSTER" \
    --tasks "$task" --query 'tasks[0].[lastStatus, containers[0].exitCode, stoppedReason]' --output text)
  [[ $status == STOPPED ]] && break
  if ((SECONDS >= deadline)); then
    echo "run-migration: $task still $status after ${timeout}s; it keeps running, the apply stops here" >&2
    exit 1
  fi
  sleep "${MIGRATION_POLL_SECONDS:-10}"
done
if [[ $code != 0 ]]; then
  echo "run-migration: migration task exited with ${code} (${reason}); see its log stream 'migrate/...'" >&2
  exit 1
fi
echo "run-migration: migrations applied"
