export {
  MessageBroker,
  BROKER_DEPLOYMENTS,
  defaultBrokerEngineVersion,
  type BrokerDeployment,
  type MessageBrokerProps,
} from './message-broker';
