import type { Construct } from 'constructs';
import { declareVariable } from './variables';

/** The account values the app stack reads from terraform.tfvars (stacks/variables.ts). */
export interface AppInputs {
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly alertEmail: string;
  readonly imageTag: string;
  readonly modelId: string;
  readonly ownerEmail: string;
}

export function declareAppInputs(stack: Construct): AppInputs {
  return {
    domainName: declareVariable(stack, 'domain_name').stringValue,
    hostedZoneId: declareVariable(stack, 'hosted_zone_id').stringValue,
    alertEmail: declareVariable(stack, 'alert_email').stringValue,
    imageTag: declareVariable(stack, 'image_tag').stringValue,
    modelId: declareVariable(stack, 'bedrock_model_id').stringValue,
    ownerEmail: declareVariable(stack, 'owner_email').stringValue,
  };
}
