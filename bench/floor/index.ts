// The floor for cold-start comparisons: Node, the toolkit, one line of output. Built with the action's ncc settings.
import * as core from '@actions/core'

core.info('floor')
