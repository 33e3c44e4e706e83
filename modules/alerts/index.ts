export { AlertTopic, type AlertTopicProps, type AlarmSpec } from './alert-topic';
