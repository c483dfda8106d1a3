export { HistoryView } from './HistoryView'
