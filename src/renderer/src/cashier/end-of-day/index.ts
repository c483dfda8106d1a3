export { EndOfDayView } from './EndOfDayView'
